/** Whether a key press is typing into a field (page shortcuts leave it alone). */
export const typingIn = (element) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName))
