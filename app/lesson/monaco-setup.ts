/**
 * Monaco, fully offline: workers come from the monaco-editor package through
 * the bundler, and the engine's declarations come from the app's own
 * /generated/twisted-types.json, so nothing is fetched from another origin.
 */
import * as monaco from "monaco-editor";
import { reportMonacoErrorsCalmly } from "./monaco-errors";

let ready: Promise<typeof monaco> | null = null;

/** Configures Monaco once: workers, TypeScript options and the Twisted declarations. */
export function setUpMonaco(): Promise<typeof monaco> {
  ready ??= configure();
  return ready;
}

async function configure(): Promise<typeof monaco> {
  reportMonacoErrorsCalmly();
  (self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      if (label === "typescript" || label === "javascript") {
        return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), {
          type: "module",
          name: "typescript",
        });
      }
      return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), {
        type: "module",
        name: "editor",
      });
    },
  };
  const typescript = monaco.typescript;
  typescript.typescriptDefaults.setCompilerOptions({
    target: typescript.ScriptTarget.ES2020,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.NodeJs,
    strict: true,
    noImplicitAny: false,
    noUnusedLocals: false,
    allowNonTsExtensions: true,
    lib: ["es2022", "dom"],
  });
  typescript.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  const response = await fetch("/generated/twisted-types.json");
  if (response.ok) {
    const files = (await response.json()) as { path: string; text: string }[];
    for (const file of files) typescript.typescriptDefaults.addExtraLib(file.text, file.path);
  }
  monaco.editor.defineTheme("finger-dark", {
    base: "vs-dark",
    inherit: true,
    // vs-dark's comment green (#608b4e) is 4.1:1 on the current line: below WCAG AA's 4.5:1.
    rules: [{ token: "comment", foreground: "7faf6a" }],
    colors: {
      "editor.background": "#11151d",
      "editorGutter.background": "#11151d",
      "editor.lineHighlightBackground": "#1a2030",
      // Unused code fades to 90%, not Monaco's 67%, so its text keeps WCAG AA contrast.
      "editorUnnecessaryCode.opacity": "#000000e6",
    },
  });
  return monaco;
}
