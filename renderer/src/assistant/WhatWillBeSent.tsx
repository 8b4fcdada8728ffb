import { useState } from 'react';
import type { z } from 'zod';
import type { assistantPreviewRequestSchema } from '@shared/ipc/assistant-channels';
import { useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';

type PreviewRequest = z.input<typeof assistantPreviewRequestSchema>;

/**
 * "What will be sent": before a request goes out, the owner can open exactly what it would send
 * (the profile fields, the local dates and their text) and where to. The core builds it with the
 * same functions the request uses, so what is shown is what is sent; opening it sends nothing.
 */
export function WhatWillBeSent({ request }: { request: PreviewRequest | null }) {
  const [open, setOpen] = useState(false);
  const preview = useIpcQuery('assistant.preview', request ?? { kind: 'ideas' }, { enabled: open && request !== null });
  return (
    <details
      className="assistant-preview"
      onToggle={(event) => {
        const nowOpen = event.currentTarget.open;
        setOpen(nowOpen);
        // The profile or the date may have changed since it was last opened: read it afresh.
        if (nowOpen && request !== null && preview.data !== undefined) void preview.refetch();
      }}
    >
      <summary>What will be sent</summary>
      {request === null && <p className="hint">Type what you want first.</p>}
      {request !== null && preview.isError && <p className="field-error">{errorMessage(preview.error)}</p>}
      {request !== null && preview.data !== undefined && (
        <>
          <p className="hint">
            {preview.data.to === null
              ? 'Nothing is sent until the assistant is set up in Settings → Assistant.'
              : `Sent to ${preview.data.to}${preview.data.model === '' ? '' : ` (model ${preview.data.model})`} only when you ask:`}
          </p>
          {preview.data.messages.map((message, index) => (
            <div key={index} className="assistant-preview-message">
              <h4>{message.role === 'system' ? 'About your business, and the task' : 'Your text'}</h4>
              <pre tabIndex={0}>{message.content}</pre>
            </div>
          ))}
        </>
      )}
    </details>
  );
}
