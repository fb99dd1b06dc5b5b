export const DEMO_PASSPHRASE: string;

export interface DemoStep {
  name: string;
  /** The step's PNG (written when ok). */
  file: string;
  ok: boolean;
  error?: string;
}

export function hasDisplay(): boolean;

export function walkDemo(options: {
  dir: string;
  headless?: boolean;
  onStep?: (step: DemoStep, index: number) => void;
}): Promise<{ steps: DemoStep[] }>;
