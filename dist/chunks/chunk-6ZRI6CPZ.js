
// src/errors.ts
var UserError = class extends Error {
  name = "UserError";
};
function inputError(input, value, problem, accepted) {
  return new UserError(`input "${input}": ${JSON.stringify(value)} ${problem}; ${accepted}`);
}
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  UserError,
  inputError,
  errorMessage
};
