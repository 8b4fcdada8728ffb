/** The start of the line the browser host prints for each page the app would open externally. */
export const OPEN_EXTERNAL_PREFIX = 'Open in your browser: ';

/** The start of the line the browser host prints for each local folder the app would open. */
export const OPEN_FOLDER_PREFIX = 'Open this folder: ';
