#ifndef FREEZEDRILL_FAKES_DEFECTS_BUILTIN_DEFECTS_H_
#define FREEZEDRILL_FAKES_DEFECTS_BUILTIN_DEFECTS_H_

#include "sim/catalogue/catalogue.h"

namespace freezedrill {

// The catalogue of every defect the reference deployment and the surfaces
// can switch on, with the exact set of checks each must fail.
const DefectCatalogue& builtin_defects();

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_DEFECTS_BUILTIN_DEFECTS_H_
