// The editor page (redaktor/): Decap CMS must wait for the bank's own format (editor.js) before it starts.
window.CMS_MANUAL_INIT = true;
