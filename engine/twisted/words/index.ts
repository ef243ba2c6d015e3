/** twisted.words: chat (IRC). */
export * as protocols from "./protocols";
