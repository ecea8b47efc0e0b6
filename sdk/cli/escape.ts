export { UNSAFE_CHARACTERS, safeJson, visible } from "../aws/visibleText";
