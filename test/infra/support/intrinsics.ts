import { EnvironmentReader } from '../../../shared/config/environment-reader.js';

/** Placeholder values for pseudo parameters, sized like real ones. */
export const PSEUDO_VALUES: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Renders a CloudFormation value to text for assertions: pseudo parameters become sample values, other `Ref`s
 * `<LogicalId>`, `Fn::GetAtt` `<LogicalId.Attribute>`, and `Fn::Join` is joined. Anything else is an error, so a
 * test never compares against a half-rendered value.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') return PSEUDO_VALUES[record.Ref] ?? `<${record.Ref}>`;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const join = record['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** `render`, then JSON.parse. */
export function renderJson<T = unknown>(value: unknown): T {
  return JSON.parse(render(value)) as T;
}

/** A policy statement's resources, rendered, as a list. */
export function renderResources(resource: unknown): string[] {
  return (Array.isArray(resource) ? resource : [resource]).map(render);
}

/** The aggregator's probe function ARNs by region, read from its environment the way the function reads them. */
export function probeFunctionsOf(
  variables: Record<string, unknown>,
  regions: readonly string[],
): Record<string, string> {
  const read = new EnvironmentReader({ PROBE_FUNCTIONS: render(variables.PROBE_FUNCTIONS) });
  const arns = read.arnsByRegion('PROBE_FUNCTIONS', regions, 'probe function');
  if (read.problems.length > 0) throw new Error(read.problems.join('; '));
  return arns;
}
