export interface ReadmeWorkflow {
  /** The Markdown heading the block is under. */
  heading: string;
  yaml: string;
  workflow: { on?: unknown; permissions?: unknown; jobs?: Record<string, unknown> } & Record<string, unknown>;
}
export declare function readmeWorkflows(markdown: string): ReadmeWorkflow[];
export declare function expressionsInScripts(workflow: ReadmeWorkflow['workflow']): string[];
