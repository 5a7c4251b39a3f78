/**
 * A request's rollout (issue 11): the ordered list of waves the bot drives itself, each wave one OOS
 * StartExecution over some of the request's instances, with its own ClientToken and the request's tag.
 *
 * Waves are grouped in stages: the waves of one stage start together, and the next stage starts once
 * every wave of the stage has ended. A canary or wave rollout has one wave per stage (stage = wave
 * number). The same list also carries "one execution per installed version under one request": an
 * uninstall over instances holding different versions is one stage of several waves, each wave with its
 * own `packageVersion` and `action`, started together without a pause (see `planVersionGroups`).
 */
import type { PolicyAction, RolloutMode } from '../policy/channel-policy.js';

export type { RolloutMode };

/** Where one wave is: not started, being started, running in OOS, ended, or never to start. */
export type WaveStatus =
  | 'planned' // waits for its stage
  | 'starting' // claimed for StartExecution (stored before the call; reconciled by tag after a crash)
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'start_failed' // StartExecution was refused
  | 'skipped'; // the rollout stopped before this wave was reached

/** One wave: one StartExecution over `instanceIds`. */
export interface RolloutWave {
  /** 1-based position in the list; part of the wave's ClientToken. */
  number: number;
  /** Waves of one stage start together; stage s + 1 starts after every wave of stage s ended. */
  stage: number;
  instanceIds: string[];
  /** The installer's `action` for this wave. */
  action: PolicyAction;
  /** The installer's `packageVersion` for this wave (an uninstall names the installed version). */
  packageVersion?: string;
  /** StartExecution ClientToken, derived from the request id and the wave number. */
  clientToken: string;
  status: WaveStatus;
  executionId?: string;
  /** OOS status of the wave's execution, as last polled. */
  executionStatus?: string;
  startedAt?: string;
  endedAt?: string;
  /** Why StartExecution failed (start_failed), in words already fit for a person. */
  detail?: string;
  /** Set while a `starting` wave's StartExecution outcome is unknown (OOS is asked again until it says). */
  unconfirmedAt?: string;
}

/** Why a rollout waits for an approver before its next stage. */
export type PauseReason = 'canary' | 'failure' | 'freeze';

/** A rollout waiting for `continue_rollout` or `stop_rollout`. */
export interface RolloutPause {
  reason: PauseReason;
  /** The stage that ended before the pause. */
  afterStage: number;
  at: string;
  /** For a freeze: the window's reason and when it ends. */
  freeze?: { reason: string; until: string };
}

/** A request's waves and where the rollout stands. */
export interface Rollout {
  mode: RolloutMode;
  /** Instances per wave (waves mode); 0 otherwise. */
  waveSize: number;
  waves: RolloutWave[];
  /** Set while the rollout waits for an approver. */
  pause?: RolloutPause;
  /** Set once someone stopped the rollout: no later wave starts. */
  stopped?: { by: string; at: string };
  /** Who let the rollout go on after each pause, in order. */
  continued?: Array<{ by: string; at: string; afterStage: number }>;
}

/** Instance status for instances of a wave that has not started yet. */
export const QUEUED_STATUS = 'Queued';

/** Instance status for instances of a wave the rollout never reached (it was stopped). */
export const NOT_REACHED_STATUS = 'NotReached';
