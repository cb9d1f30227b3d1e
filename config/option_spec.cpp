#include "option_spec.h"
