import { type Deadline, deadlineAt, deadlinePhrase } from '../calendar/deadline-calendar.js';
import { isFailing, type Locale, type Transition } from '../types.js';
import { gsmSeptets, toGsm7 } from './ascii-text.js';

/** One GSM-7 segment, as `SMS_MAX_LENGTH` (repeated here to keep this module free of the formatter). */
const SMS_SEPTETS = 160;

interface Texts {
  readonly default: string;
  readonly email: string;
  readonly sms: string;
}

const sentence = (phrase: string) => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;

/**
 * A failure during a deadline's marked period says so: "Bertepatan dengan batas waktu unggah 20 Juni." after the
 * message's first paragraph and at the end of the default body; the SMS only if it still fits one segment.
 */
export function withDeadlinePhrase<T extends Texts>(
  message: T,
  t: Transition,
  context: { readonly locale: Locale; readonly deadlines?: readonly Deadline[] },
): T {
  if (!isFailing(t.to) || context.deadlines === undefined) return message;
  const occurrence = deadlineAt(new Date(t.at), context.deadlines);
  if (occurrence === null) return message;
  const text = sentence(deadlinePhrase(occurrence, context.locale));
  const paragraph = message.email.indexOf('\n\n');
  const email =
    paragraph === -1
      ? `${message.email}\n\n${text}`
      : `${message.email.slice(0, paragraph)}\n\n${text}${message.email.slice(paragraph)}`;
  const sms = `${message.sms} ${toGsm7(text)}`;
  return {
    ...message,
    default: `${message.default} ${text}`,
    email,
    sms: gsmSeptets(sms) <= SMS_SEPTETS ? sms : message.sms,
  };
}
