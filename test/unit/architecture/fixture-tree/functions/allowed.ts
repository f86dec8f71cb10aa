// Allowed: a handler may use the SDK and the adapters.
import '@aws-sdk/client-sqs';
import '../shared/adapters/aws/allowed.js';
