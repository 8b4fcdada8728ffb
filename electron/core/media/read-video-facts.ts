import { open } from 'node:fs/promises';
import { createFile, MP4BoxBuffer, type Movie } from 'mp4box';
import { unreadableRefused } from './media-errors';

export interface VideoFacts {
  width: number | null;
  height: number | null;
  durationMs: number;
  codec: string | null;
}

const CHUNK = 1024 * 1024;

/**
 * Reads an MP4 or MOV file's duration, picture size and codec with mp4box.js. The file is fed
 * in 1 MB pieces from where mp4box asks for more (it skips the media data to reach a `moov` at
 * the end), so a large video is never read whole into memory.
 */
export async function readVideoFacts(file: string): Promise<VideoFacts> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const isoFile = createFile();
    let movie: Movie | null = null;
    let failure: string | null = null;
    isoFile.onReady = (info) => {
      movie = info;
    };
    isoFile.onError = (_module, message) => {
      failure = message;
    };
    let position = 0;
    let reads = 0;
    while (movie === null && failure === null && position < size && reads < 10_000) {
      reads++;
      const buffer = new ArrayBuffer(Math.min(CHUNK, size - position));
      const { bytesRead } = await handle.read(new Uint8Array(buffer), 0, buffer.byteLength, position);
      if (bytesRead === 0) break;
      const next = isoFile.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer.slice(0, bytesRead), position), position + bytesRead >= size);
      position = next > position ? next : position + bytesRead;
    }
    isoFile.flush();
    const found = movie as Movie | null;
    if (failure !== null) throw unreadableRefused('video', failure);
    if (found === null || !found.hasMoov) throw unreadableRefused('video', 'no movie header found');
    const track = found.videoTracks[0];
    if (!track) throw unreadableRefused('video', 'it has no picture track');
    const timescale = found.timescale > 0 ? found.timescale : track.movie_timescale;
    const duration = found.duration > 0 ? found.duration : track.movie_duration;
    if (!(timescale > 0) || !(duration >= 0)) throw unreadableRefused('video', 'its length is missing');
    let width = track.video?.width ?? track.track_width;
    let height = track.video?.height ?? track.track_height;
    // Phones record portrait video as landscape with a 90° turn in the track matrix (16.16 fixed point).
    const matrix = Array.from(track.matrix as ArrayLike<number>);
    if (matrix[0] === 0 && Math.abs(matrix[1] ?? 0) === 0x10000) [width, height] = [height, width];
    return {
      width: width > 0 ? width : null,
      height: height > 0 ? height : null,
      durationMs: Math.round((duration / timescale) * 1000),
      codec: track.codec || null,
    };
  } finally {
    await handle.close();
  }
}
