import type { DragEvent } from 'react';
import { POST_DRAG_TYPE } from './PostChip';

/** Props that make an element accept a dragged post; `onDropPost` gets its id. */
export function dropTarget(onDropPost: (postId: string) => void) {
  return {
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (!event.dataTransfer.types.includes(POST_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      event.currentTarget.classList.add('drop-over');
    },
    onDragLeave: (event: DragEvent<HTMLElement>) => event.currentTarget.classList.remove('drop-over'),
    onDrop: (event: DragEvent<HTMLElement>) => {
      event.currentTarget.classList.remove('drop-over');
      const postId = event.dataTransfer.getData(POST_DRAG_TYPE);
      if (postId === '') return;
      event.preventDefault();
      onDropPost(postId);
    },
  };
}
