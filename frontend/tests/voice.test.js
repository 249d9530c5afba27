import { describe, expect, it } from 'vitest';
import { recordingType } from '../src/ui/new-story/voice-step.js';

const recorder = (supported) => ({ isTypeSupported: (type) => supported.includes(type) });

describe('the recording type', () => {
  it('is Opus in WebM where the browser makes it (Chrome, Firefox)', () => {
    expect(recordingType(recorder(['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4']))).toEqual([
      'audio/webm;codecs=opus',
      'webm',
    ]);
  });

  it('is AAC in MP4 in Safari', () => {
    expect(recordingType(recorder(['audio/mp4']))).toEqual(['audio/mp4', 'm4a']);
  });

  it('is none where the browser has no MediaRecorder or makes nothing the server takes', () => {
    expect(recordingType(undefined)).toBeNull();
    expect(recordingType(recorder(['video/x-matroska']))).toBeNull();
  });
});
