/* The release this tree builds. */
#pragma once
#define XINIM_VERSION "0.1.0"
