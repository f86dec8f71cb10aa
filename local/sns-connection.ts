import { SNSClient } from '@aws-sdk/client-sns';

export interface SnsConnection {
  readonly client: SNSClient;
  readonly topicArn: string;
}

/**
 * An SNS client for the topic's region, or `null` (with the reason reported) when no AWS credentials can be
 * found: local mode then keeps its alerts to the console and the file instead of failing every publish.
 */
export async function connectSns(
  topicArn: string,
  report: (line: string) => void,
): Promise<SnsConnection | null> {
  const region = topicArn.split(':')[3];
  const client = new SNSClient({ region });
  try {
    await client.config.credentials();
  } catch (error) {
    client.destroy();
    report(
      `SNS: no AWS credentials found (${error instanceof Error ? error.message : String(error)}); alerts go to the console and the file only`,
    );
    return null;
  }
  return { client, topicArn };
}
