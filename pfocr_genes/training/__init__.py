"""Training-time code: fits what the runtime ships as data. Needs the ``train`` extra
(scikit-learn); never imported by the library at run time."""
