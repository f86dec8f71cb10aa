import { xmlAnswer } from './classify-xml-answer.js';
import { type AnswerText, type Verdict, verdict } from './verdict.js';
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
    return verdict('unexpected_body', `XML document <${root.name}> instead of ${QR_VALIDATION_ROOT}`);
  }
  const approval = xml.texts.get('statusApproval');
  return verdict('ok', approval ? `QR validation answered: ${approval}` : 'QR validation answered');
}
