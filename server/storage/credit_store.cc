#include "server/storage/credit_store.h"
