import db from '@adonisjs/lucid/services/db'
import type {
  ExperimentDefinition,
  FlagDefinition,
  NamespaceRange,
  SegmentMap,
  TargetingRule,
} from '#evaluation/types'

/** The PostgreSQL channel on which any process says "experiment configuration changed". */
export const PG_CONFIG_CHANNEL = 'app_config'

export interface Definitions {
  experimentsById: Map<number, ExperimentDefinition>
  experimentsByKey: Map<string, ExperimentDefinition>
  flagsByKey: Map<string, FlagDefinition>
  segments: SegmentMap
  /** Changes whenever the configuration changes (ETags of flag evaluations). */
  version: number
}

let cached: Promise<Definitions> | null = null
let version = Date.now()

/**
 * Experiment, flag and segment configuration, cached in the process: assignment and flag
 * evaluation read it on every request, and it changes rarely. Every change clears the
 * cache here and, through NOTIFY, in every other web process (see providers/app_provider).
 */
export function definitions(): Promise<Definitions> {
  if (!cached) {
    cached = load().catch((error) => {
      cached = null
      throw error
    })
  }
  return cached
}

/** An experiment by numeric id or key (the API accepts both). */
export function findDefinition(all: Definitions, idOrKey: string | number) {
  return typeof idOrKey === 'number' || /^\d+$/.test(idOrKey)
    ? all.experimentsById.get(Number(idOrKey))
    : all.experimentsByKey.get(idOrKey)
}

/** Forgets the cached configuration of this process. */
export function forgetDefinitions() {
  cached = null
  version++
}

/** After a change: forget here, and tell the other processes (on commit when inside `trx`). */
export async function configurationChanged(client: { rawQuery: typeof db.rawQuery } = db) {
  forgetDefinitions()
  await client.rawQuery('SELECT pg_notify(?, ?)', [PG_CONFIG_CHANNEL, String(version)])
}

async function load(): Promise<Definitions> {
  const loadedVersion = version
  const [experiments, variants, segments, flags] = await Promise.all([
    db.from('experiments').select('*'),
    db.from('experiment_variants').select('*').orderBy('position').orderBy('id'),
    db.from('segments').select('key', 'rule'),
    db
      .from('feature_flags')
      .leftJoin('experiments', 'experiments.id', 'feature_flags.experiment_id')
      .select('feature_flags.*', 'experiments.key as experiment_key'),
  ])

  const experimentsById = new Map<number, ExperimentDefinition>()
  const experimentsByKey = new Map<string, ExperimentDefinition>()
  for (const row of experiments) {
    const definition: ExperimentDefinition = {
      id: row.id,
      key: row.key,
      name: row.name,
      status: row.status,
      unit: row.unit,
      assignment: row.assignment_mode,
      coverage: row.traffic_allocation,
      hashSeed: row.hash_seed,
      hashVersion: row.hash_version === 1 ? 1 : 2,
      targeting: (row.targeting as TargetingRule | null) ?? null,
      namespaces: (row.namespaces as NamespaceRange[]) ?? [],
      kind: row.kind,
      holdoutId: row.holdout_id,
      variants: [],
      winnerVariantKey: null,
    }
    experimentsById.set(row.id, definition)
    experimentsByKey.set(row.key, definition)
  }
  const winnerIds = new Map(experiments.map((row) => [row.id, row.winner_variant_id]))
  for (const row of variants) {
    const experiment = experimentsById.get(row.experiment_id)
    if (!experiment) continue
    experiment.variants.push({
      id: row.id,
      key: row.key,
      name: row.name,
      weight: row.weight,
      isControl: row.is_control,
      config: row.config ?? {},
    })
    if (winnerIds.get(row.experiment_id) === row.id) experiment.winnerVariantKey = row.key
  }

  const flagsByKey = new Map<string, FlagDefinition>()
  for (const row of flags) {
    flagsByKey.set(row.key, {
      id: row.id,
      key: row.key,
      type: row.type,
      enabled: row.enabled,
      defaultValue: row.default_value,
      rules: row.rules ?? [],
      experimentKey: row.experiment_key ?? null,
      experimentConfigKey: row.experiment_config_key ?? null,
      unit: row.unit,
    })
  }

  const segmentMap: SegmentMap = {}
  for (const row of segments) segmentMap[row.key] = row.rule

  return {
    experimentsById,
    experimentsByKey,
    flagsByKey,
    segments: segmentMap,
    version: loadedVersion,
  }
}
