"""The engagement plan and log, "you said, we did" responses and effectiveness pages."""

urlpatterns = []
