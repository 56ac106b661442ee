export interface TestTool {
  cmd: string | undefined;
  pkg: string;
  role: string;
  for: string;
}
export declare const TEST_TOOLS: TestTool[];
export declare const TEST_FYNE_TARGETS: string[];
export declare function missingTools(cmds?: string[]): string[];
