/**
 * What stands in for a PDF document's picture (the app renders no page of it): a page with a
 * folded corner and "PDF" on it. Decorative; the tile or row around it says what it is.
 */
export function DocumentIcon({ className }: { className?: string }) {
  return (
    <span className={`document-icon${className ? ` ${className}` : ''}`} aria-hidden="true" data-document-icon="">
      <svg viewBox="0 0 24 30" focusable="false">
        <path d="M2 1h14l6 6v22H2z" fill="#fff" stroke="#6b7280" strokeWidth="1.5" strokeLinejoin="round" />
        <path d="M16 1v6h6" fill="none" stroke="#6b7280" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <span className="document-icon-label">PDF</span>
    </span>
  );
}
