/**
 * The renderer's Content-Security-Policy: only our own origin, no inline script, no eval,
 * no remote anything. `connectSrc` adds the browser host's WebSocket; Electron passes none.
 */
export function contentSecurityPolicy(options: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // Compose draws a video's poster frame from the owner's own file, through a blob: URL the page makes.
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
