/** Notarization and stapling through Apple's notary REST API, from any host (issue 22). */
export { notarizeApp, type NotarizeOptions, type NotarizeResult, type NotaryLogger } from './notarize.js';
export {
  parseNotaryInputs,
  notarySecretForms,
  checkEndpoints,
  APPLE_ENDPOINTS,
  KEY_INPUT,
  KEY_ID_INPUT,
  ISSUER_INPUT,
  type NotaryCredentials,
  type NotaryEndpoints,
  type NotaryInputs,
} from './inputs.js';
export { DEFAULT_POLL, type PollPolicy } from './poll.js';
export { ticketRecord, stapleTicket, BUNDLE_TICKET_PATH, type TicketRecord } from './ticket.js';
