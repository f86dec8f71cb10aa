import { xmlAnswer } from './classify-xml-answer.js';
import { type AnswerText, quote, type Verdict, verdict } from './verdict.js';
import { WorkBudget } from './work-budget.js';

export const WSDL_NAMESPACE = 'http://schemas.xmlsoap.org/wsdl/';
export const EFAKTUR_NAMESPACE = 'http://ws.services.etaxinvoice.pajak.go.id/';

/** Operations (and their schema elements) of the Master Faktur Service, as its public WSDL shows them. */
export const MASTER_FAKTUR_OPERATIONS: readonly string[] = ['batalkanDokumenPk', 'batalkanDokumenPkResponse'];
/** WSDL components that carry the service's own name (`portType`, `service`, `binding`). */
const MASTER_FAKTUR_COMPONENT = /^(endpoint\/)?MasterFaktur/i;

const OPERATION_TAGS = new Set(['element', 'operation', 'message', 'complexType']);
const COMPONENT_TAGS = new Set(['portType', 'service', 'binding']);

const sameNamespace = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Whether an element (local name, `name` attribute) belongs to the Master Faktur Service. */
function isMasterFakturPart(tag: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  if (OPERATION_TAGS.has(tag) && MASTER_FAKTUR_OPERATIONS.includes(name)) return true;
  return COMPONENT_TAGS.has(tag) && MASTER_FAKTUR_COMPONENT.test(name);
}

/**
 * `efaktur-wsdl`: up when the body is a WSDL 1.1 `definitions` (any prefix or none) of the e-Faktur namespace
 * that describes the Master Faktur Service. The content decides, whatever the Content-Type says.
 */
export function classifyEfakturWsdl(answer: AnswerText, budget = WorkBudget.unlimited()): Verdict {
  let elements = 0;
  let masterFaktur = false;
  const xml = xmlAnswer(answer, budget, {
    onElement: (tag, name) => {
      // The root is the `definitions` itself; the service shows in the elements below it.
      if (elements++ > 0 && !masterFaktur) masterFaktur = isMasterFakturPart(tag, name);
    },
  });
  if ('verdict' in xml) return xml.verdict;
  const { root } = xml;
  const rootName = quote(answer, root.name, 60);
  if (root.localName !== 'definitions') {
    return verdict(
      'unexpected_body',
      rootName ? `XML document <${rootName}> instead of a WSDL` : 'XML document instead of a WSDL',
    );
  }
  if (root.namespace !== WSDL_NAMESPACE) {
    const namespace = quote(answer, root.namespace ?? 'none');
    return verdict(
      'unexpected_body',
      rootName
        ? `<${rootName}> outside the WSDL 1.1 namespace (${namespace})`
        : 'definitions outside the WSDL 1.1 namespace',
    );
  }
  const targetNamespace = root.attributes.targetNamespace;
  if (targetNamespace === undefined || !sameNamespace(targetNamespace, EFAKTUR_NAMESPACE)) {
    const shown = quote(answer, targetNamespace ?? 'missing');
    return verdict(
      'unexpected_body',
      shown ? `WSDL of another service (targetNamespace ${shown})` : 'WSDL of another service',
    );
  }
  if (!masterFaktur) {
    const { name } = root.attributes;
    if (!name) return verdict('unexpected_body', 'WSDL without Master Faktur operations');
    const shown = quote(answer, name);
    return verdict(
      'unexpected_body',
      shown ? `WSDL of another e-Faktur service ("${shown}")` : 'WSDL of another e-Faktur service',
    );
  }
  return verdict('ok', 'WSDL of MasterFakturService');
}
