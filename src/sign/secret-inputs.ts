/**
 * The action's secret inputs, once: their names and every form of their values that could show in
 * a log. The GitHub door takes them out of the environment and masks them when its Runtime is
 * made (src/runtime/github.ts); the pipeline and the CLI mask the same forms (src/pipeline.ts,
 * src/cli-main.ts). A new secret input is added here and nowhere else.
 */
import { ISSUER_INPUT, KEY_INPUT, notarySecretForms } from '../notary/inputs.js';
import { CERT_INPUT, PASSWORD_INPUT, secretForms } from './authenticode.js';

export const MACOS_CERT_INPUT = 'macos-certificate';
export const MACOS_PASSWORD_INPUT = 'macos-certificate-password';

/** The inputs whose values are secrets (the notary issuer ID too: it names the account). */
export const SECRET_INPUTS: readonly string[] = [CERT_INPUT, PASSWORD_INPUT, MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, KEY_INPUT, ISSUER_INPUT];

/**
 * Every form of every secret input that could show in a log: the Windows .pfx and its password,
 * the macOS .p12 and its password, the .p8 key and the issuer ID. Masked (and registered, so no
 * child gets a variable holding one) before anything can print them.
 */
export function secretInputForms(input: (name: string) => string): string[] {
  return [
    ...secretForms(input(CERT_INPUT), input(PASSWORD_INPUT)),
    ...secretForms(input(MACOS_CERT_INPUT), input(MACOS_PASSWORD_INPUT)),
    ...notarySecretForms(input(KEY_INPUT)),
    ...notarySecretForms(input(ISSUER_INPUT)),
  ];
}
