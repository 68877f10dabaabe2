// The Files tab's uploads. Files picked or dropped are posted one request each to the console's same-origin upload
// route, with XMLHttpRequest because fetch cannot report how much of a request body has been sent. The component
// keeps the state and draws it: this module tells it what was queued, the bytes sent and each answer.

/** Uploads at once: enough to fill the connection, few enough that each file's bar moves. */
const concurrentUploads = 3;

/** Progress reports per file at most this often (each is a message to the server). */
const reportEveryMs = 100;

export function attach(dropZone, picker, component, uploadUrl, antiforgeryToken) {
    let nextId = 0;
    let detached = false;
    let running = 0;
    const waiting = [];
    const inFlight = new Set();

    const accept = async fileList => {
        const picked = Array.from(fileList, file => ({ id: `upload-${++nextId}`, file }));
        if (picked.length === 0) return;
        await component.invokeMethodAsync('Queued', picked.map(({ id, file }) => ({ id, name: file.name, bytes: file.size })));
        waiting.push(...picked);
        pump();
    };

    const pump = () => {
        while (running < concurrentUploads && waiting.length > 0) {
            running++;
            send(waiting.shift()).finally(() => { running--; pump(); });
        }
    };

    const send = ({ id, file }) => new Promise(resolve => {
        const xhr = new XMLHttpRequest();
        inFlight.add(xhr);
        let reportedAt = 0;
        xhr.upload.addEventListener('progress', e => {
            const now = performance.now();
            if (detached) return;
            if (e.loaded < e.total && now - reportedAt < reportEveryMs) return;
            reportedAt = now;
            component.invokeMethodAsync('Progress', id, e.loaded, e.total);
        });
        const answered = status => {
            inFlight.delete(xhr);
            if (detached) { resolve(); return; }
            component.invokeMethodAsync('Uploaded', id, status, xhr.responseText ?? '').finally(resolve);
        };
        xhr.addEventListener('load', () => answered(xhr.status));
        xhr.addEventListener('error', () => answered(0));
        xhr.addEventListener('abort', () => answered(0));
        xhr.open('POST', uploadUrl);
        xhr.setRequestHeader('RequestVerificationToken', antiforgeryToken);
        const form = new FormData();
        form.append('file', file, file.name);
        xhr.send(form);
    });

    const onPicked = () => { accept(picker.files); picker.value = ''; };
    const onDragOver = e => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; dropZone.classList.add('over'); };
    const onDragLeave = () => dropZone.classList.remove('over');
    const onDrop = e => { e.preventDefault(); dropZone.classList.remove('over'); accept(e.dataTransfer.files); };

    picker.addEventListener('change', onPicked);
    dropZone.addEventListener('dragover', onDragOver);
    dropZone.addEventListener('dragleave', onDragLeave);
    dropZone.addEventListener('drop', onDrop);

    return {
        detach() {
            // The component is going: nothing more is reported to it, and uploads not answered yet are dropped.
            detached = true;
            picker.removeEventListener('change', onPicked);
            dropZone.removeEventListener('dragover', onDragOver);
            dropZone.removeEventListener('dragleave', onDragLeave);
            dropZone.removeEventListener('drop', onDrop);
            waiting.length = 0;
            inFlight.forEach(xhr => xhr.abort());
        },
    };
}
