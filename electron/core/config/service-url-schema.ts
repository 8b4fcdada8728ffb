import { z } from 'zod';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The base URL of a remote service the app talks to, from configuration: https, or plain http
 * only for a server on this computer (tests, development), so a typo can never send a token or
 * a licence key over the network in clear.
 */
export const serviceUrlSchema = z.url({ protocol: /^https?$/ }).refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.includes(url.hostname);
}, 'must be https (http only for 127.0.0.1 or localhost)');
