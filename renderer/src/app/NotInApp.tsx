/** Shown when the page was opened directly in a browser instead of by AgencyIQ. */
export function NotInApp() {
  return (
    <main className="content content-alone">
      <h1>AgencyIQ can’t start here</h1>
      <p>
        This page only works inside the AgencyIQ app. Open AgencyIQ from your computer, or, for development, run{' '}
        <code>npm run web</code> and open the address it prints.
      </p>
    </main>
  );
}
