// Apart from kdf.ts so the popup can list them without loading the WebAssembly KDF.

/**
 * The strengths a user can pick in Settings. Each step roughly doubles the unlock time and
 * the memory an attacker needs per guess; Settings shows what each costs on this machine.
 */
export const KDF_PRESETS = {
  standard: { label: 'Standard (64 MiB, 3 passes)', memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 },
  strong: { label: 'Strong (128 MiB, 4 passes)', memoryKiB: 128 * 1024, iterations: 4, parallelism: 4 },
  strongest: { label: 'Strongest (256 MiB, 4 passes)', memoryKiB: 256 * 1024, iterations: 4, parallelism: 4 },
} as const;
export type KdfPreset = keyof typeof KDF_PRESETS;
export const KDF_PRESET_IDS = Object.keys(KDF_PRESETS) as [KdfPreset, ...KdfPreset[]];
