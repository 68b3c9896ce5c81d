"""CAMEO codes, Goldstein weights, quad classes and the CAMEO -> PLOVER map."""

from newsevents.ontology.cameo import CameoCode, cameo, codes, plover_of

__all__ = ["CameoCode", "cameo", "codes", "plover_of"]
