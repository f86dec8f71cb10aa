import type { Transition } from '../types.js';

/** Tells subscribers about a transition; returns the message id of the channel (e.g. SNS). */
export interface AlertPublisher {
  publish(transition: Transition): Promise<string>;
}
