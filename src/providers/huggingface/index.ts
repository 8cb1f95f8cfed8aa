// Filled in by its issue; kept as a valid empty module so the build and exports map stay whole.
export {};
