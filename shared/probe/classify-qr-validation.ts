import { xmlAnswer } from './classify-xml-answer.js';
import { type AnswerText, quote, type Verdict, verdict } from './verdict.js';
import { WorkBudget } from './work-budget.js';

export const QR_VALIDATION_ROOT = 'resValidateFakturPm';

/**
 * `efaktur-qr-validation`: up when the body is XML with root `resValidateFakturPm`. An unknown invoice
 * ("Faktur tidak Valid, Tidak ditemukan data di DJP") is still up: the service looked it up and answered.
 */
export function classifyQrValidation(answer: AnswerText, budget = WorkBudget.unlimited()): Verdict {
  const xml = xmlAnswer(answer, budget, { texts: ['statusApproval'] });
  if ('verdict' in xml) return xml.verdict;
  const { root } = xml;
  if (root.localName !== QR_VALIDATION_ROOT) {
    const name = quote(answer, root.name, 60);
    return verdict(
      'unexpected_body',
      name
        ? `XML document <${name}> instead of ${QR_VALIDATION_ROOT}`
        : `XML document instead of ${QR_VALIDATION_ROOT}`,
    );
  }
  const approval = xml.texts.get('statusApproval');
  const quoted = approval ? quote(answer, approval) : null;
  return verdict('ok', quoted ? `QR validation answered: ${quoted}` : 'QR validation answered');
}
