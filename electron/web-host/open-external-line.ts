/** The start of the line the browser host prints for each page the app would open externally. */
export const OPEN_EXTERNAL_PREFIX = 'Open in your browser: ';
