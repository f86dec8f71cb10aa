import { ReportingEmailSubscriber } from '../../../local/reporting-email-subscriber.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import { describeEmailSubscriberContract } from './email-subscriber-contract.js';

describeEmailSubscriberContract('memory', async () => {
  const memory = new MemoryEmailSubscriber();
  return {
    subscriber: memory,
    confirmationsSent: async () => memory.confirmationsSent,
    confirm: async (email) => memory.confirm(email),
  };
});

describeEmailSubscriberContract('reporting (local mode)', async () => {
  const memory = new MemoryEmailSubscriber();
  return {
    subscriber: new ReportingEmailSubscriber(memory, () => {}, false),
    confirmationsSent: async () => memory.confirmationsSent,
    confirm: async (email) => memory.confirm(email),
  };
});
