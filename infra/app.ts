import { App } from 'aws-cdk-lib';
import { ConfigError } from '../shared/config/fleet-config.js';
import { loadFleetConfig } from '../shared/config/load-fleet-config.js';
import { addFleetStacks } from './fleet-app.js';
import { addSecurityChecks } from './security-checks.js';

const app = new App();
try {
  const fileContext = app.node.tryGetContext('fleetFile');
  const config = loadFleetConfig({
    context: app.node.tryGetContext('fleet'),
    file: typeof fileContext === 'string' ? fileContext : undefined,
  });
  addFleetStacks(app, config);
  addSecurityChecks(app);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
