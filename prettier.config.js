// Prettier for ftpcheck: the code's own style (single quotes, semicolons, 2-space indents, trailing
// commas) at 120 columns, which keeps a line and a side-by-side diff readable on a laptop screen.
// Prettier never breaks a string or a comment: prose longer than that is split by hand.
/** @type {import('prettier').Config} */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};
