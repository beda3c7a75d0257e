// Starts the desk's rich-text editor (django-prose-editor) on every textarea
// that carries its configuration, as the library's "configurable" preset does,
// but without the inline import map that preset needs: the site's
// Content-Security-Policy allows no inline script. The configuration names the
// editor's extensions (articles.forms.EDITOR_CONFIG); each is taken from the
// editor module, configured when it comes with options.
import * as editorModule from "../django_prose_editor/editor.js";

const marker = "data-django-prose-editor-configurable";

// The library's createTextareaEditor, but with Tiptap's own CSS from
// static/css/prose_editor.css instead of the inline <style> it would inject.
function createTextareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled");
  const element = document.createElement("div");
  element.className = `prose-editor ${disabled ? "disabled" : ""}`;
  textarea.before(element);
  element.append(textarea);
  return new editorModule.Editor({
    element,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      textarea.value = actuallyEmpty(editor.getHTML());
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      element.before(textarea);
      element.remove();
    },
  });
}

// An editor emptied by the writer leaves "<p></p>": that is no text.
function actuallyEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) { return null; }
  const config = JSON.parse(textarea.getAttribute(marker) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editorModule[name];
    if (!extension) {
      console.error(`Prose editor: no extension called ${name}`);
    } else if (typeof options === "object") {
      extensions.push(extension.configure(options));
    } else {
      extensions.push(extension);
    }
  }
  const editor = createTextareaEditor(textarea, extensions);
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", {
    detail: { editor, textarea },
    bubbles: true,
  }));
  return editor;
}

editorModule.initializeEditors(createEditor, `[${marker}]`);
