/** What ffprobe says about a recording's streams, as stored with its media row. */
export type VideoStreamFacts = {
  codec: string;
  width: number;
  height: number;
  /** Display rotation in degrees from the stream's metadata (phones record rotated). */
  rotation: number;
  /** The picture as shown: pixel aspect ratio and rotation applied (what ffmpeg's autorotating decoder outputs). */
  displayWidth: number;
  displayHeight: number;
  frameRate: number | null;
  variableFrameRate: boolean;
};

export type AudioStreamFacts = {
  codec: string;
  sampleRate: number;
  channels: number;
};
