import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * The security scan: cdk-nag's AWS Solutions rules run at every synth and stop it on any finding that is not
 * acknowledged, with its reason, next to the construct it concerns.
 */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
