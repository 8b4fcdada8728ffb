import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { LicenceErrorBody } from '@shared/licence/licence-api';

// Answers that never reach a route or the error handler still have the API's `{code, message}`
// shape: fastify's own (a URL it cannot decode, a parameter over its length limit) and Node's
// (a malformed request line, headers too large, a request not finished in time).

const body = (code: LicenceErrorBody['code'], message: string): LicenceErrorBody => ({ code, message });

/** Fastify's `frameworkErrors`: FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH, FST_ERR_ASYNC_CONSTRAINT. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A part of the address is too long.'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The address could not be read (it is not validly encoded).'
        : 'The request was not understood.';
  void reply.status(status).send(body('invalid_request', message));
}

/** What Node's own refusals become: status and the API's body. */
export function clientErrorAnswer(code: string | undefined): { status: number; body: LicenceErrorBody } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, body: body('invalid_request', 'The request was not completed in time.') };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, body: body('invalid_request', 'The request headers are too large.') };
  return { status: 400, body: body('invalid_request', 'The request was not understood (it is not valid HTTP).') };
}

/** Fastify's `clientErrorHandler`: Node's `clientError` event, answered in the API's shape. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset or already destroyed connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, body: answer } = clientErrorAnswer(error.code);
    const text = JSON.stringify(answer);
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
