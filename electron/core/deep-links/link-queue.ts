/**
 * Holds deep links until the page can hear what they change. A window that is still loading
 * (created for the link, or started hidden at login and opened by it) has not subscribed to
 * `app.navigate` yet: a link routed then would move a screen nobody shows. Links wait here until
 * the page says it is ready (`app.rendererReady`), then go out in the order they came.
 */
export class LinkQueue {
  #ready = false;
  readonly #waiting: string[] = [];

  constructor(private readonly deliver: (raw: string) => void) {}

  /** Delivers now if the page is listening, else keeps the link for `rendererReady`. */
  push(raw: string): void {
    if (this.#ready) this.deliver(raw);
    else this.#waiting.push(raw);
  }

  /** The page subscribed: everything kept goes out. */
  rendererReady(): void {
    this.#ready = true;
    for (const raw of this.#waiting.splice(0)) this.deliver(raw);
  }

  /** A new page is loading (a window created, a reload): hold links until it says ready. */
  rendererLoading(): void {
    this.#ready = false;
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}
