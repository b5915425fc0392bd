/* uuid: random (version 4) UUIDs, as Bundle ids and request ids. */
#ifndef BB_UUID_H
#define BB_UUID_H

/* Writes a new UUID ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") and a NUL into out. */
void uuid4(char out[37]);

#endif
