/** Monaco's error handler, which the package ships without declarations (see monaco-errors.ts). */
declare module "monaco-editor/base/common/errors" {
  export const errorHandler: { unexpectedErrorHandler: (error: unknown) => void };
}
