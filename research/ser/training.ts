import type { PooledExample } from './dataset';
import { speakerModelInputsWithinGroups } from '../../lib/analysis/ser/speaker-normalisation';
import { trainNetwork, type NetworkConfig, type TrainedNetwork } from './network';
import { fitStandardization, standardize, type Standardization } from '../../lib/analysis/ser/standardization';
import { trainSvmBaseline, type SvmGridResult } from './svm-baseline';

interface LabelledSet {
  x: Float32Array[];
  y: number[];
}

export interface StandardisedSplit {
  standardization: Standardization;
  train: LabelledSet;
  /** The training examples without augmentation (what the SVM baseline is trained on). */
  cleanTrain: LabelledSet;
  validation: LabelledSet;
}

/** Inputs standardised with statistics of the training examples (augmented ones included), split into train, clean train and validation. */
export function standardisedSplit(set: PooledExample[]): StandardisedSplit {
  const trainExamples = set.filter((e) => e.split === 'train');
  const standardization = fitStandardization(trainExamples.map((e) => e.vector));
  const asSet = (subset: PooledExample[]) => ({ x: subset.map((e) => standardize(e.vector, standardization)), y: subset.map((e) => e.label) });
  return {
    standardization,
    train: asSet(trainExamples),
    cleanTrain: asSet(trainExamples.filter((e) => e.augmentation === 'clean')),
    validation: asSet(set.filter((e) => e.split === 'validation')),
  };
}

/**
 * Inputs of the speaker-normalised model for a pooled corpus: each speaker's
 * clips under one recording condition (augmentation variant) form one group,
 * as a diarised speaker's turns in one lesson do.
 */
export function speakerModelExamples(examples: PooledExample[]): PooledExample[] {
  return speakerModelInputsWithinGroups(examples, (e) => `${e.speaker}/${e.augmentation}`);
}

/** The RBF SVM baseline, trained on the clean training clips, C and γ grid-searched on validation macro-F1. */
export function trainSvmOnSplit({ cleanTrain, validation }: StandardisedSplit): SvmGridResult {
  return trainSvmBaseline(
    { x: cleanTrain.x.map((v) => Array.from(v)), y: cleanTrain.y },
    { x: validation.x.map((v) => Array.from(v)), y: validation.y },
  );
}

export interface TrainedModels {
  standardization: Standardization;
  svm: SvmGridResult;
  network: TrainedNetwork;
}

/** The SVM baseline and the network on the same inputs and split (examples as pooled, or as speaker-model inputs). */
export async function trainSvmAndNetwork(set: PooledExample[], config: NetworkConfig, log: (line: string) => void): Promise<TrainedModels> {
  const split = standardisedSplit(set);
  const svm = trainSvmOnSplit(split);
  log(`SVM grid done: C=${svm.cost}, gamma=${svm.gamma.toExponential(3)}, validation macro-F1 ${(100 * svm.report.macroF1).toFixed(1)} %`);
  const network = await trainNetwork(split.train, split.validation, config, log);
  log(`network trained; best epoch ${network.bestEpoch}`);
  return { standardization: split.standardization, svm, network };
}
