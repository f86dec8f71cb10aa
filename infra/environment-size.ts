import type { Stack } from 'aws-cdk-lib';

/** Lambda rejects a function whose environment variables (names and values) exceed 4 KB in total. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** Upper bounds of the pseudo parameters once CloudFormation resolves them. */
const PSEUDO_MAX: Readonly<Record<string, number>> = {
  'AWS::AccountId': 12,
  'AWS::Partition': 10,
  'AWS::Region': 16,
  'AWS::URLSuffix': 20,
  'AWS::StackName': 128,
};
/** Any other reference (an ARN, a URL): generous, so that the estimate errs on the safe side. */
const REFERENCE_MAX = 256;

function resolvedBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + resolvedBytes(v), 0);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const join = record['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, unknown[]];
      return (
        parts.reduce((sum: number, p) => sum + resolvedBytes(p), 0) + separator.length * (parts.length - 1)
      );
    }
    const ref = record.Ref;
    if (typeof ref === 'string') return PSEUDO_MAX[ref] ?? REFERENCE_MAX;
    return REFERENCE_MAX;
  }
  return 0;
}

/** Bytes the environment will take once deployed: literal text counted exactly, references by an upper bound. */
export function estimateEnvironmentBytes(
  stack: Stack,
  environment: Readonly<Record<string, string>>,
): number {
  return Object.entries(environment).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + resolvedBytes(stack.resolve(value)),
    0,
  );
}
