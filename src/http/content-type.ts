import type { RequestHandler } from 'express';
import { ApiError } from './api-error.js';

/** Before the body is read: anything but application/json is a 415 (the parser would skip it silently). */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  next(req.is('application/json') ? undefined : new ApiError(415, 'unsupported_media_type', 'unsupported_media_type'));
};
