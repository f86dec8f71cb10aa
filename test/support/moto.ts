/** One message moto recorded as published to a topic. */
export interface MotoNotification {
  readonly messageId: string;
  readonly message: string;
  readonly subject: string | null;
  readonly attributes: Record<string, { Type: string; Value: string }>;
}

interface MotoTopic {
  arn: string;
  sent_notifications: [
    string,
    string,
    string | null,
    Record<string, { Type: string; Value: string }> | null,
  ][];
}

/** The messages published to `topicArn`, read back from moto's state endpoint. */
export async function motoNotifications(endpoint: string, topicArn: string): Promise<MotoNotification[]> {
  const res = await fetch(`${endpoint}/moto-api/data.json`);
  if (!res.ok) throw new Error(`moto-api answered HTTP ${res.status}`);
  const data = (await res.json()) as { sns: { Topic: MotoTopic[] } };
  const topic = data.sns.Topic.find((t) => t.arn === topicArn);
  if (!topic) throw new Error(`moto has no topic ${topicArn}`);
  return topic.sent_notifications.map(([messageId, message, subject, attributes]) => ({
    messageId,
    message,
    subject,
    attributes: attributes ?? {},
  }));
}
