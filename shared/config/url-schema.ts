import * as z from 'zod/mini';
import { redactUrl } from '../probe/redact-url.js';

/**
 * An http(s) URL without user name or password, for every URL of the configuration (targets, control URL, status
 * URL, channels). Messages show the value with credentials masked: configuration errors end up in logs.
 */
export const httpUrl = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a URL') }).check(
    z.refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'http:' || url.protocol === 'https:';
        } catch {
          return false;
        }
      },
      // The message shows the value with any credentials masked: configuration errors end up in logs.
      { error: (issue) => `${JSON.stringify(redactUrl(String(issue.input)))} is not an http(s) URL` },
    ),
    z.refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.username === '' && url.password === '';
        } catch {
          return true;
        }
      },
      {
        error: (issue) =>
          `${JSON.stringify(redactUrl(String(issue.input)))} has a user name or password: remove them (the probe ` +
          'sends none, and results, logs and messages would show them)',
      },
    ),
  );
